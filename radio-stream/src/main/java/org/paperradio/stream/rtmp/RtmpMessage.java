package org.paperradio.stream.rtmp;

/**
 * One RTMP message as carried in chunks.
 *
 * @param typeId message type (1 set chunk size, 3 ack, 4 user control, 5 window ack size, 6 set
 *     peer bandwidth, 8 audio, 9 video, 18 data, 20 command)
 * @param streamId message stream id
 * @param timestamp timestamp in milliseconds (32-bit, unsigned)
 * @param payload message body
 */
record RtmpMessage(int typeId, int streamId, long timestamp, byte[] payload) {

    static final int SET_CHUNK_SIZE = 1;
    static final int ABORT = 2;
    static final int ACK = 3;
    static final int USER_CONTROL = 4;
    static final int WINDOW_ACK_SIZE = 5;
    static final int SET_PEER_BANDWIDTH = 6;
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int DATA_AMF0 = 18;
    static final int COMMAND_AMF0 = 20;
}
