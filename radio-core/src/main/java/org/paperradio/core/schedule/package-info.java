/** When shows air: a small cron-expression parser with DST-aware next-fire times. */
package org.paperradio.core.schedule;
