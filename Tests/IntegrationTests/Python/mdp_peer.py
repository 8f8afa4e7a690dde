#!/usr/bin/env python3
"""An MDP/0.2 client and worker written from the spec (https://rfc.zeromq.org/spec:18/MDP), on pyzmq.

Deliberately independent of the Swift code: the frames below are transcribed from the RFC, so that the
interoperability tests show our broker and worker speak the protocol, not just our own dialect of it.

    client: DEALER. REQUEST = ["MDPC02", 0x01, service, body...]; replies PARTIAL 0x02 / FINAL 0x03
            ["MDPC02", cmd, service, body...]. No empty frame first (that was MDP/0.1).
    worker: DEALER. READY = ["MDPW02", 0x01, service]; REQUEST from broker = ["MDPW02", 0x02, client, "", body...];
            FINAL = ["MDPW02", 0x04, client, "", body...]; HEARTBEAT = ["MDPW02", 0x05]; DISCONNECT = ["MDPW02", 0x06].

Usage:
    mdp_peer.py client ENDPOINT SERVICE BODY [TIMEOUT_MS]   -> prints {"command": ..., "service": ..., "body": [...]}
    mdp_peer.py worker ENDPOINT SERVICE COUNT               -> serves COUNT requests, replying "py:" + body, then exits
"""
import json
import sys
import time

import zmq

MDPC = b"MDPC02"
MDPW = b"MDPW02"


def client(endpoint, service, body, timeout_ms=5000):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send_multipart([MDPC, b"\x01", service.encode(), body.encode()])
    if not sock.poll(timeout_ms):
        print(json.dumps({"error": "timeout"}))
        return 1
    frames = sock.recv_multipart()
    assert frames[0] == MDPC, frames
    command = {b"\x02": "PARTIAL", b"\x03": "FINAL"}[frames[1]]
    print(json.dumps({"command": command, "service": frames[2].decode(), "body": [f.decode() for f in frames[3:]]}))
    return 0


def worker(endpoint, service, count):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send_multipart([MDPW, b"\x01", service.encode()])
    print("ready", flush=True)
    served = 0
    next_heartbeat = time.monotonic() + 2.5
    deadline = time.monotonic() + 30
    while served < count and time.monotonic() < deadline:
        if sock.poll(100):
            frames = sock.recv_multipart()
            assert frames[0] == MDPW, frames
            if frames[1] == b"\x02":  # REQUEST: client address, empty frame, body
                client_address, empty, body = frames[2], frames[3], frames[4:]
                assert empty == b"", frames
                sock.send_multipart([MDPW, b"\x04", client_address, b""] + [b"py:" + part for part in body])
                served += 1
            elif frames[1] == b"\x06":  # DISCONNECT: register again
                sock.send_multipart([MDPW, b"\x01", service.encode()])
        if time.monotonic() >= next_heartbeat:
            sock.send_multipart([MDPW, b"\x05"])
            next_heartbeat = time.monotonic() + 2.5
    sock.send_multipart([MDPW, b"\x06"])
    return 0 if served == count else 1


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "client":
        sys.exit(client(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 5000))
    elif mode == "worker":
        sys.exit(worker(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit(f"unknown mode {mode}")
