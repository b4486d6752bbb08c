import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { route } from '../middleware/route.js';
import { consoleHeaders } from './console-headers.js';

/** services/auth/static, both from src/http/console and from dist/http/console. */
export const CONSOLE_STATIC_DIR = fileURLToPath(new URL('../../../static/', import.meta.url));

/**
 * The admin console (auth.md §1): `GET /` is the single page, `/static/*` its hand-written ES modules, CSS and
 * images. No session is needed to fetch them; the page talks to auth's REST API only. Unknown assets fall through to
 * the JSON 404.
 */
export function consoleAssets(options: { dir?: string } = {}): Router {
  const dir = options.dir ?? CONSOLE_STATIC_DIR;
  const router = Router();
  router.use('/static', consoleHeaders, express.static(dir, { index: false, redirect: false, dotfiles: 'ignore', etag: true, lastModified: true }));
  route(router, '/', {
    get: [consoleHeaders, (_req: Request, res: Response) => res.sendFile('index.html', { root: dir, dotfiles: 'deny' })],
  });
  return router;
}
