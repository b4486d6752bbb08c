import { get, post } from '../api.js';
import { busy, field, h, statusArea } from '../dom.js';

export const title = 'Two-factor authentication';

/** Base32 secret of an otpauth:// URL, for manual entry in an authenticator app. */
function secretOf(provisioningUrl) {
  try {
    return new URL(provisioningUrl).searchParams.get('secret') ?? '';
  } catch {
    return '';
  }
}

const codeList = (codes, label) => h('ol', { className: 'backup-codes', 'aria-label': label }, codes.map((c) => h('li', {}, h('code', {}, c))));

/**
 * Enrolment: POST /user/enable_two_factor, QR code rendered by auth (POST /user/two_factor_qr), secret for manual
 * entry, the 16 backup codes, then confirmation with a code. Also new backup codes and disabling (when allowed).
 */
export async function render(ctx) {
  const [active, required] = await Promise.all([get('/user/two_factor_active'), get('/user/two_factor_required')]);
  const enabled = active.two_factor_enabled;
  const status = statusArea();
  const enrolArea = h('div');

  async function startEnrolment() {
    const setup = await post('/user/enable_two_factor');
    const qr = await post('/user/two_factor_qr', { provisioning_url: setup.provisioning_url });
    const secret = h('input', { type: 'text', readonly: true, value: secretOf(setup.provisioning_url), className: 'mono', spellcheck: 'false' });
    const code = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: '6', pattern: '[0-9]{6}' });
    const confirm = h('button', { type: 'submit' }, 'Confirm and enable');
    const confirmStatus = statusArea();
    const form = h(
      'form',
      { className: 'card', 'aria-label': 'Confirm two-factor set-up' },
      h('h2', {}, '1. Add the account to your authenticator app'),
      h('img', { src: qr.data_url, alt: 'QR code for your authenticator app', width: '220', height: '220', className: 'qr' }),
      field('Secret key (for manual entry)', secret, `Issuer ${setup.issuer}, time-based, 6 digits, 30 seconds.`),
      h('h2', {}, '2. Keep your backup codes'),
      h('p', {}, 'Each code signs you in once if you lose your device. They are shown only now: store them somewhere safe.'),
      codeList(setup.backup_codes, 'Backup codes'),
      h('h2', {}, '3. Confirm'),
      field('Authentication code', code, 'The 6-digit code your app shows now.'),
      confirm,
      confirmStatus.element,
    );
    form.addEventListener(
      'submit',
      busy(confirm, confirmStatus, async () => {
        await post('/user/confirm_two_factor', { two_factor_code: code.value.trim(), secret: setup.secret, backup_codes_signature: setup.backup_codes_signature });
        const wasGated = ctx.session.requireTwoFactorSetup;
        await ctx.refreshSession();
        sessionStorage.setItem('console.flash', 'Two-factor authentication is enabled.');
        if (wasGated) ctx.navigate('/tokens');
        else ctx.navigate('/two-factor');
      }),
    );
    enrolArea.replaceChildren(form);
    code.focus();
  }

  const parts = [h('h1', {}, 'Two-factor authentication')];
  const flash = sessionStorage.getItem('console.flash');
  if (flash) {
    sessionStorage.removeItem('console.flash');
    parts.push(h('p', { className: 'notice ok', role: 'status' }, flash));
  }
  if (ctx.session.requireTwoFactorSetup) {
    parts.push(h('p', { className: 'notice' }, 'Your account requires two-factor authentication. Set it up to continue.'));
  }
  parts.push(h('p', {}, enabled ? 'Two-factor authentication is on for your account.' : 'Two-factor authentication is off for your account.'));

  const start = h('button', { type: 'button' }, enabled ? 'Set up a new device' : 'Set up two-factor authentication');
  start.addEventListener('click', busy(start, status, startEnrolment));
  const actions = h('div', { className: 'toolbar' }, start);

  if (enabled) {
    const backups = h('button', { type: 'button' }, 'New backup codes');
    backups.addEventListener(
      'click',
      busy(backups, status, async () => {
        const fresh = await get('/user/generate_two_factor_backups');
        const keep = h('button', { type: 'button' }, 'Use these codes');
        keep.addEventListener(
          'click',
          busy(keep, status, async () => {
            await post('/user/generate_two_factor_backups', { backup_codes_signature: fresh.backup_codes_signature });
            enrolArea.replaceChildren();
            status.ok('New backup codes saved; the old ones no longer work.');
          }),
        );
        enrolArea.replaceChildren(h('div', { className: 'card' }, h('h2', {}, 'New backup codes'), h('p', {}, 'These replace your current codes once you press "Use these codes".'), codeList(fresh.backup_codes, 'New backup codes'), keep));
      }),
    );
    actions.append(backups);
    if (!required.require_two_factor) {
      const disable = h('button', { type: 'button', className: 'danger' }, 'Turn off two-factor');
      disable.addEventListener(
        'click',
        busy(disable, status, async () => {
          if (!window.confirm('Turn off two-factor authentication?')) return;
          await post('/user/disable_two_factor');
          await ctx.refreshSession();
          ctx.navigate('/two-factor');
        }),
      );
      actions.append(disable);
    }
  }
  parts.push(actions, status.element, enrolArea);
  return h('section', {}, parts);
}
