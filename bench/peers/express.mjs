/**
 * Row `express`: the same JSON-RPC answering as `bare`, behind express 5 (express.json + one route).
 * The ceiling for anything mounted inside an Express app.
 */
import { createServer } from 'node:http';
import express from 'express';
import { answer } from './shared/json-rpc.mjs';
import { listenAndAnnounce } from './shared/serve.mjs';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/mcp', (req, res) => {
  const reply = answer(req.body);
  if (reply === undefined) return res.status(202).end();
  res.json(reply);
});

listenAndAnnounce(createServer(app));
