import express from 'express';
import { loadConfigOrExit, pem, port, str } from '@flowdeck/config';
import { parsePublicKeys, verifyAuthorizationHeader } from '@flowdeck/tokens';

// Baseline of `pnpm bench:api`: a bare express route doing the api's token verification (tokens.md §6 steps 1-8)
// with the same key and audience, and nothing else. Settings: FLOWAPI_PORT, PUBLIC_JWT_SIGNING_KEY, FLOWAPI_IDENTIFIER.

const { values: config } = loadConfigOrExit({
  PUBLIC_JWT_SIGNING_KEY: pem({ kind: 'secret', doc: 'Public key verifying the tokens.' }),
  FLOWAPI_IDENTIFIER: str({ doc: 'Token audience.' }),
  FLOWAPI_PORT: port({ doc: 'Listen port.', default: 9099 }),
});
const keys = parsePublicKeys(config.PUBLIC_JWT_SIGNING_KEY);
const audience = config.FLOWAPI_IDENTIFIER;
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/bare/:id', (req, res) => {
  try {
    const token = verifyAuthorizationHeader(req.headers.authorization, { keys, audience, now: Math.floor(Date.now() / 1000) });
    res.status(200).json({ status: 'completed', sub: token.sub, id: req.params.id });
  } catch (err) {
    const e = err as { status?: number; body?: unknown };
    res.status(e.status ?? 500).json(e.body ?? { msg: 'error' });
  }
});
const server = app.listen(config.FLOWAPI_PORT, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
