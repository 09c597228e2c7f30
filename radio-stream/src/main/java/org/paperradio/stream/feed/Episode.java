package org.paperradio.stream.feed;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of a feed: a show or an aired paper segment, with its mp3 on disk.
 *
 * @param guid         stable and never a URL ({@code paperradio:<show id>}, {@code paperradio:segment:<arXiv id>})
 * @param description  HTML (the papers with their arXiv links); escaped again when written into the feed
 * @param bytes        the mp3's size, the enclosure's length
 * @param audioPath    the mp3's path on the station's web server, without a leading slash; likewise
 *                     {@code chaptersPath}, {@code vttPath}, {@code srtPath}
 * @param link         the item's web page, or null
 */
public record Episode(String guid, String title, String description, Instant published, Path audio, long bytes,
                      Duration length, String audioPath, String chaptersPath, String vttPath, String srtPath,
                      String link) {
    public Episode {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(length, "length");
    }
}
