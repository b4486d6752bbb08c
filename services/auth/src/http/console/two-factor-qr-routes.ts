import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { asBody } from '../../domain/request-fields.js';
import { badField } from '../../errors.js';
import { requireLogin } from '../middleware/require-login.js';
import { route } from '../middleware/route.js';

const MAX_URL_LENGTH = 1024;

/**
 * `POST /user/two_factor_qr` (**Flowdeck**, console helper): `{"provisioning_url": "otpauth://..."}` →
 * `{"data_url": "data:image/svg+xml;base64,..."}`, the QR code of the URL rendered here so that the console needs
 * no QR library and no third-party service, and the secret never appears in a URL or an access log. Signed in (the
 * 2FA set-up gate lets it through, its path names two_factor); POST so the CSRF check applies.
 */
export function twoFactorQrRoutes(): Router {
  const router = Router();
  route(router, '/user/two_factor_qr', {
    post: [
      requireLogin,
      async function qr(req: Request, res: Response) {
        const url = asBody(req.body).provisioning_url;
        if (typeof url !== 'string' || !url.startsWith('otpauth://') || url.length > MAX_URL_LENGTH) {
          throw badField('provisioning_url', 'provisioning_url must be an otpauth:// URL.');
        }
        const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        res.setHeader('Cache-Control', 'no-store');
        res.json({ data_url: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` });
      },
    ],
  });
  return router;
}
