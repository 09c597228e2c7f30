package org.paperradio.stream.rtmp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted RTMP server on loopback for unit-level checks: does the simple handshake, records
 * every message the client sends (with the chunk stream id and the raw chunk bytes), answers
 * connect/createStream/publish, and can refuse the first N publishes or send pings and small
 * acknowledgement windows.
 */
final class FakeRtmpServer implements AutoCloseable {

    /** A message received, with the chunk stream id it came on. */
    record Received(int connection, RtmpMessage message) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final int refusePublishes;
    private final boolean pingAndWindow;

    FakeRtmpServer(int refusePublishes, boolean pingAndWindow) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.refusePublishes = refusePublishes;
        this.pingAndWindow = pingAndWindow;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url(String key) {
        return "rtmp://127.0.0.1:" + server.getLocalPort() + "/live/" + key;
    }

    BlockingQueue<Received> received() {
        return received;
    }

    int connections() {
        return connections.get();
    }

    /** Drops every open client connection, as a crashing server would. */
    void dropClients() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropClients();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int n = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, n));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s, int n) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            byte[] c0c1 = in.readNBytes(1537);
            byte[] s1 = new byte[1536];
            out.write(3);
            out.write(s1);
            out.write(c0c1, 1, 1536); // S2 echoes C1
            out.flush();
            byte[] c2 = in.readNBytes(1536);
            if (c2.length != 1536) {
                return;
            }
            ChunkReader reader = new ChunkReader(in);
            ChunkWriter writer = new ChunkWriter(out);
            if (pingAndWindow) {
                writer.write(2, new RtmpMessage(RtmpMessage.WINDOW_ACK_SIZE, 0, 0, int32(64)));
                writer.write(2, new RtmpMessage(RtmpMessage.SET_CHUNK_SIZE, 0, 0, int32(60)));
                writer.chunkSize(60);
                writer.write(2, new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0, new byte[] {0, 6, 0, 0, 0x30, 0x39}));
            }
            while (true) {
                RtmpMessage m = reader.read();
                received.add(new Received(n, m));
                if (m.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
                    reader.chunkSize(ByteBuffer.wrap(m.payload()).getInt());
                } else if (m.typeId() == RtmpMessage.COMMAND_AMF0) {
                    List<Object> c = Amf0.decodeAll(m.payload());
                    Object txn = c.get(1);
                    switch ((String) c.get(0)) {
                        case "connect" -> writer.write(3, cmd(0, "_result", txn,
                                Map.of("fmsVer", "FMS/3,0,1,123"),
                                Map.of("level", "status", "code", "NetConnection.Connect.Success",
                                        "description", "Connection succeeded. " + "x".repeat(200))));
                        case "createStream" -> writer.write(3, cmd(0, "_result", txn, null, 1));
                        case "publish" -> {
                            boolean refuse = n <= refusePublishes;
                            String key = (String) c.get(3);
                            writer.write(5, cmd(1, "onStatus", 0, null, Map.of(
                                    "level", refuse ? "error" : "status",
                                    "code", refuse ? "NetStream.Publish.BadName" : "NetStream.Publish.Start",
                                    "description", (refuse ? "Already publishing " : "Publishing ") + key)));
                        }
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException gone) {
            // client went away
        }
    }

    private static RtmpMessage cmd(int stream, Object... values) {
        return new RtmpMessage(RtmpMessage.COMMAND_AMF0, stream, 0, Amf0.encode(values));
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }
}
