/** The paper store on disk: one folder per paper, atomic writes, append-only logs, resume. */
package org.paperradio.core.store;
