/** The listeners' HTTP server: the station's page, the live MP3 stream and the now-playing API. */
package org.paperradio.stream.http;
