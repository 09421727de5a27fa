#!/usr/bin/env python3
"""Counts the SQL statements a server sends to PostgreSQL: a TCP proxy in front of PostgreSQL that
reads the frontend protocol (simple-query `Q` and extended-protocol `E` messages) and appends one
line per executed statement to a log, `<connection> <sql>`. bench/run points a server's
DATABASE_URL at the proxy, sends one request, and counts the lines the request added.

    pgcount.py LISTEN_PORT PG_HOST PG_PORT LOGFILE

Clients must not use TLS (sslmode=disable); an SSLRequest or GSSENCRequest is refused here with
'N', as a server without TLS would, so clients that prefer TLS fall back to plain text."""
import asyncio
import struct
import sys

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


class Counter:
    def __init__(self, log_path):
        self.log = open(log_path, "a", buffering=1)
        self.connections = 0

    def write(self, conn, sql):
        self.log.write(f"{conn} {' '.join(sql.split())}\n")


def cstring(data, at):
    end = data.index(b"\0", at)
    return data[at:end].decode("utf-8", "replace"), end + 1


async def client_to_server(reader, writer, client_writer, counter, conn):
    # Startup: length-prefixed packets without a type byte, until the real StartupMessage.
    while True:
        head = await reader.readexactly(8)
        length, code = struct.unpack("!ii", head)
        rest = await reader.readexactly(length - 8)
        if code in (SSL_REQUEST, GSSENC_REQUEST):
            client_writer.write(b"N")
            await client_writer.drain()
            continue
        writer.write(head + rest)
        break
    statements, portals = {}, {}
    while True:
        head = await reader.readexactly(5)
        kind, length = head[:1], struct.unpack("!i", head[1:])[0]
        body = await reader.readexactly(length - 4)
        if kind == b"Q":
            counter.write(conn, cstring(body, 0)[0])
        elif kind == b"P":
            name, at = cstring(body, 0)
            statements[name] = cstring(body, at)[0]
        elif kind == b"B":
            portal, at = cstring(body, 0)
            portals[portal] = statements.get(cstring(body, at)[0], "?")
        elif kind == b"E":
            counter.write(conn, portals.get(cstring(body, 0)[0], "?"))
        writer.write(head + body)
        await writer.drain()
        if kind == b"X":
            break


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer, counter, host, port):
    counter.connections += 1
    conn = counter.connections
    try:
        server_reader, server_writer = await asyncio.open_connection(host, port)
    except OSError:
        client_writer.close()
        return
    back = asyncio.create_task(pipe(server_reader, client_writer))
    try:
        await client_to_server(client_reader, server_writer, client_writer, counter, conn)
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        server_writer.close()
        await back


async def main():
    listen, host, port, log_path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    counter = Counter(log_path)
    server = await asyncio.start_server(lambda r, w: handle(r, w, counter, host, port), "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
