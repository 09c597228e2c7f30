/** The domain: papers, their artifacts and how far they have come. Plain records, no I/O. */
package org.paperradio.core.paper;
