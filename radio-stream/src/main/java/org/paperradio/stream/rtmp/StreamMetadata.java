package org.paperradio.stream.rtmp;

/**
 * What {@code onMetaData} tells players and ingest servers about a stream.
 *
 * @param width video width in pixels
 * @param height video height in pixels
 * @param frameRate frames per second
 * @param videoKbps video bitrate in kbit/s
 * @param audio audio codec
 * @param audioSampleRate audio samples per second
 * @param audioChannels 1 (mono) or 2 (stereo)
 * @param audioKbps audio bitrate in kbit/s
 * @param encoder free text naming the encoder
 * @param title what is on air (sent again with every change and after every reconnect); may be empty
 */
public record StreamMetadata(int width, int height, double frameRate, int videoKbps,
        AudioCodec audio, int audioSampleRate, int audioChannels, int audioKbps, String encoder, String title) {

    /** Audio codecs FLV can carry here, with their FLV sound format ids. */
    public enum AudioCodec {
        MP3(2), AAC(10);

        private final int flvId;

        AudioCodec(int flvId) {
            this.flvId = flvId;
        }

        /** The FLV/onMetaData {@code audiocodecid}. */
        public int flvId() {
            return flvId;
        }
    }

    public StreamMetadata {
        if (width <= 0 || height <= 0 || frameRate <= 0) {
            throw new IllegalArgumentException("width, height and frameRate must be positive");
        }
        if (audioChannels < 1 || audioChannels > 2) {
            throw new IllegalArgumentException("audioChannels must be 1 or 2");
        }
        if (audio == null) {
            throw new IllegalArgumentException("audio codec is required");
        }
        encoder = encoder == null ? "Paper Radio" : encoder;
        title = title == null ? "" : title.length() > 200 ? title.substring(0, 200) : title;
    }

    /** The same stream with another title. */
    public StreamMetadata withTitle(String newTitle) {
        return new StreamMetadata(width, height, frameRate, videoKbps, audio, audioSampleRate, audioChannels,
                audioKbps, encoder, newTitle);
    }
}
