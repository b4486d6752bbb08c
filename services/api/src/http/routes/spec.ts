import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import { dump } from 'js-yaml';
import { openApiSchemas, publishedScopes } from '@flowdeck/queries';
import { buildOpenApiDocument } from '../../domain/openapi-document.js';

/** Path the ReDoc page loads its bundle from; served by the api itself (air-gapped sites have no CDN). */
export const REDOC_BUNDLE_PATH = '/api/0/spec/redoc.standalone.js';

/** Location of redoc's standalone bundle in node_modules. */
export function redocBundleFile(): string {
  return createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
}

/** The OpenAPI document and its renderings, built once per app. */
export interface SpecDocuments {
  json: string;
  yaml: string;
  redocHtml: string;
}

export function buildSpecDocuments(opts: { version: string; audience: string }): SpecDocuments {
  const doc = buildOpenApiDocument({ ...opts, schemas: openApiSchemas(), scopes: publishedScopes() });
  const redocHtml = `<!DOCTYPE html>
<html>
  <head>
    <title>FlowAPI</title>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1">
  </head>
  <body>
    <redoc spec-url="/api/0/spec/openapi.json"></redoc>
    <script src="${REDOC_BUNDLE_PATH}"></script>
  </body>
</html>
`;
  return { json: JSON.stringify(doc), yaml: dump(doc), redocHtml };
}

export function openApiJsonRoute(docs: SpecDocuments): RequestHandler {
  return function openApiJson(_req, res) {
    res.type('application/json').send(docs.json);
  };
}

export function openApiYamlRoute(docs: SpecDocuments): RequestHandler {
  return function openApiYaml(_req, res) {
    res.type('application/x-yaml').send(docs.yaml);
  };
}

export function redocRoute(docs: SpecDocuments): RequestHandler {
  return function redoc(_req, res) {
    res.type('text/html; charset=utf-8').send(docs.redocHtml);
  };
}

export function redocBundleRoute(file: string): RequestHandler {
  return function redocBundle(_req, res, next) {
    // dotfiles: the pnpm store path contains `.pnpm`, which send() would otherwise refuse.
    res.sendFile(file, { headers: { 'Content-Type': 'application/javascript; charset=utf-8' }, maxAge: '1d', dotfiles: 'allow' }, (err) => {
      if (err !== undefined && !res.headersSent) next(err);
    });
  };
}
