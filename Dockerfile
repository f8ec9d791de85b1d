# syntax=docker/dockerfile:1
# The production image: the built app (dist/, apps/web/dist) and the production dependencies only,
# on Node.js 24 LTS, run as the unprivileged `node` user on a tree it cannot write (root owns
# /app). Nothing is compiled at start. Writable: DATA_DIR (/var/lib/outreach: uploads waiting for
# their job; the embedded PostgreSQL if DATABASE_URL is unset) and /tmp. See docs/deployment.md.
#
#   docker build -t outreach-crm .
#   docker compose up                                   # with postgres:18 (docker-compose.yml)
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Everything, built: `npm run build` = nest build (API, SWC) + vite build (web UI).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image.
FROM ${NODE_IMAGE}
# NODE_OPTIONS: a 2 MB young-generation semi-space (V8's default grows to 16 MB) for the API, the
# worker and the CLI. A large export's bytes pass through the API thread as short-lived buffers; with
# the default the idle server is ~185 MB and a 1,000,000-row export job peaks at 300–316 MB, with it
# 150 MB and 237–272 MB, list screens no slower (bench/exports.ts and bench/list-screens.ts read this
# line; docs/deployment.md).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    PORT=3000 \
    DATA_DIR=/var/lib/outreach
WORKDIR /app
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/dist ./dist
COPY --from=build /src/apps/web/dist ./apps/web/dist
RUN mkdir -p /var/lib/outreach && chown node:node /var/lib/outreach && chmod 700 /var/lib/outreach
USER node
EXPOSE 3000
VOLUME ["/var/lib/outreach"]
# Ready: database reachable, migrations applied, job queue up (503 while shutting down).
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: readiness turns 503, requests in flight finish (SHUTDOWN_GRACE_SECONDS), jobs are handed back.
STOPSIGNAL SIGTERM
# The command line in the image: docker compose run --rm app node dist/apps/api/src/cli/main.js …
CMD ["node", "dist/apps/api/src/main.js"]
