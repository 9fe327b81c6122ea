package com.polaris.operator.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A load generator's HTTP/1.1 client: one kept-alive connection, requests written as prepared
 * bytes, answers read only as far as their status and length. It costs the machine far less than
 * a general client, so the measured server gets the cores, as it would with load from elsewhere.
 * Not thread-safe: one per load thread.
 */
final class LoadClient implements AutoCloseable {

    private final int port;
    private final String host;
    /** The header lines that say who asks and what kind of answer they read. */
    private final String credentials;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private @Nullable Socket socket;
    private OutputStream out = OutputStream.nullOutputStream();
    private InputStream in = InputStream.nullInputStream();

    /** A client of the API, with a bearer token. */
    LoadClient(int port, String token) {
        this(port, "Authorization: Bearer " + token, "application/json");
    }

    private LoadClient(int port, String credentials, String accept) {
        this.port = port;
        this.host = "localhost:" + port;
        this.credentials = credentials + "\r\nAccept: " + accept;
    }

    /** A browser of the console, signed in with this session's cookie header value ({@code name=value}). */
    static LoadClient browser(int port, String sessionCookie) {
        return new LoadClient(port, "Cookie: " + sessionCookie, "text/html");
    }

    /** Opens the connection when there is none: at first, and after the server asked to close it. */
    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        socket = new Socket("localhost", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Sends one request and answers its status code; the body is read and dropped. */
    int send(String method, String path, String jsonBody) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + credentials + "\r\n"
                + (body.length > 0 ? "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" : "")
                + "\r\n";
        try {
            connect();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readResponse() throws IOException {
        String status = readLine();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().trim(), 16);
                    size > 0;
                    size = Long.parseLong(readLine().trim(), 16)) {
                skip(size);
                readLine();
            }
            readLine();
        } else if (length > 0) {
            skip(length);
        }
        if (close) {
            close();
        }
        return code;
    }

    private String readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("The server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("The server closed the connection");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
