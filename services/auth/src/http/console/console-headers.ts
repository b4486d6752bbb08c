import type { NextFunction, Request, Response } from 'express';

/**
 * Content-Security-Policy of the console's pages and assets: only same-origin scripts, styles and fetches (no
 * inline script or style), images from the origin or `data:` (the two-factor QR code), no framing, plugins or
 * <base> hijacking.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers of every console response (index page and /static assets). */
export function consoleHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Assets are not versioned: always revalidate so an upgrade is picked up at the next load.
  res.setHeader('Cache-Control', 'no-cache');
  next();
}
