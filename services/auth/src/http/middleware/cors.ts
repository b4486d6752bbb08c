import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for the configured origins (CORS_ORIGIN, comma-separated; `*` refused at start-up). Credentials are allowed
 * because the console authenticates with the session cookie.
 */
export function corsHeaders(setting: string) {
  const origins = new Set(setting.split(',').map((o) => o.trim()).filter((o) => o !== ''));
  return function cors(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-CSRF-Token, X-Request-Id');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
