/** The summary shows on their schedule: producing each before its slot, announcing it, airing it at its slot. */
package org.paperradio.stream.schedule;
