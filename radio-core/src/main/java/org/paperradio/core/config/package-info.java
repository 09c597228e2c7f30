/** Station config: YAML to validated records, with file/line/key error messages. */
package org.paperradio.core.config;
