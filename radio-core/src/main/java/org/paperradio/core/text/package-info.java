/** Plain-text helpers shared by the stages: sentence splitting and word tokens. */
package org.paperradio.core.text;
