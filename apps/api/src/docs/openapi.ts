import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The OpenAPI document is generated from the controllers and DTOs: UI at /docs, JSON at /docs-json. */
export function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Skype Manager API')
    .setDescription(
      'Event-sourced company credit, members, features and usage. Errors are application/problem+json ' +
        '(RFC 9457); every command accepts an Idempotency-Key header and answers with its log position.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (sma_… administrator, smm_… member)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The JSON comes from SwaggerModule; the UI is served below, from swagger-ui-dist's files, rather than
  // through @fastify/static (whose ESM-only dependencies cannot load under Jest's CommonJS runtime).
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'docs-json' });
  serveSwaggerUi(app);
}

const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const UI_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Skype Manager API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
  </script>
</body>
</html>`;

function serveSwaggerUi(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const assets = dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  fastify.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(UI_HTML);
  });
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', async (request, reply) => {
    const type = UI_ASSETS[request.params.asset];
    if (!type) return reply.callNotFound();
    let content = cache.get(request.params.asset);
    if (!content) {
      content = await readFile(join(assets, request.params.asset));
      cache.set(request.params.asset, content);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(content);
  });
}
