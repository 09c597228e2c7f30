/** The stage kernel: bounded queues, virtual-thread workers, retries with backoff, resume, shutdown. */
package org.paperradio.core.kernel;
