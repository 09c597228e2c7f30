/**
 * The listeners' HTTP server: the station's page, the live MP3 stream, the now-playing API and
 * the library's search and paper API.
 */
package org.paperradio.stream.http;
