/**
 * Podcast feeds: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces for the daily show, the
 * weekly show and every aired paper segment, with JSON chapters and WebVTT/SRT transcripts made
 * from the voiced lines' real timings. {@link org.paperradio.stream.feed.FeedApi} serves them.
 */
package org.paperradio.stream.feed;
