"""The Python peer of the webhook benchmark: a receiver written the usual way, Flask under gunicorn.

The same work as ModelGate's receiver before it answers: MLflow's HMAC check (v1, base64 HMAC-SHA256
over "<delivery id>.<timestamp>.<raw body>", constant-time comparison), the timestamp window, and
the delivery written to SQLite (WAL, synchronous=FULL: fsynced before the answer, a duplicate
delivery id ignored). One connection per thread, one commit per request.
"""
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import threading
import time

from flask import Flask, abort, jsonify, request

SECRET = os.environ["WEBHOOK_SECRET"].encode("utf-8")
DB = os.environ["PEER_DB"]
TOLERANCE = 300
app = Flask(__name__)
local = threading.local()


def connection():
    if not hasattr(local, "db"):
        db = sqlite3.connect(DB, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("""CREATE TABLE IF NOT EXISTS deliveries (
            delivery_id TEXT PRIMARY KEY, received_at INTEGER, sent_at INTEGER, event TEXT,
            model TEXT, version TEXT, body TEXT)""")
        local.db = db
    return local.db


@app.post("/webhooks/mlflow")
def receive():
    if request.mimetype != "application/json":
        abort(415)
    body = request.get_data()
    delivery_id = request.headers.get("X-MLflow-Delivery-Id")
    timestamp = request.headers.get("X-MLflow-Timestamp")
    signature = request.headers.get("X-MLflow-Signature")
    if not (delivery_id and timestamp and signature):
        abort(401)
    digest = hmac.new(SECRET, f"{delivery_id}.{timestamp}.".encode("utf-8") + body, hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode("ascii")
    if not any(hmac.compare_digest(expected, candidate) for candidate in signature.split()):
        abort(401)
    if abs(time.time() - int(timestamp)) > TOLERANCE:
        abort(401)
    payload = json.loads(body)
    data = payload.get("data", {})
    db = connection()
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?)",
               (delivery_id, int(time.time() * 1000), int(timestamp),
                f"{payload.get('entity')}.{payload.get('action')}", data.get("name"), data.get("version"),
                body.decode("utf-8")))
    db.execute("COMMIT")
    return jsonify(delivery_id=delivery_id), 200
