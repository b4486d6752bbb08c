import { html, type SafeHtml } from '../html.js';

/** The page frame: stylesheet, header with the sign-out button when signed in. No scripts. */
export function layout(o: { title: string; body: SafeHtml; signedInAs?: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Flowdeck ETL monitor</title>
<link rel="stylesheet" href="/monitor/static/monitor.css">
</head>
<body>
<header class="top">
<a class="brand" href="/monitor">Flowdeck ETL monitor</a>
${o.signedInAs === undefined
  ? ''
  : html`<form class="signout" method="post" action="/monitor/logout"><span class="who">${o.signedInAs}</span> <button type="submit">Sign out</button></form>`}
</header>
<main>
${o.body}
</main>
</body>
</html>
`.value;
}
