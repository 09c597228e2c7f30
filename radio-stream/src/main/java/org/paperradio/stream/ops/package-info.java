/** Operating the station: metrics for Prometheus, health and readiness, the operator's admin actions. */
package org.paperradio.stream.ops;
