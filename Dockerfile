# kilas as a container: `docker build -t kilas .` then
#   docker run -d --name kilas --env-file .env -v kilas-data:/app/data/db -e KILAS_DB=data/db/kilas.db kilas
# The process is `node bin/kilas.mjs start` itself (no npm/npx or shell in between), so
# `docker stop` (SIGTERM) reaches kilas, which stops within 10 s.

# Build stage: compilers for better-sqlite3's native module, dependencies installed from the lock file.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Run stage: no compilers, no npm cache, an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY data/seeds ./data/seeds
COPY data/feeds.json ./data/feeds.json
RUN mkdir -p data/db && chown -R node:node data
USER node
# Health and metrics (GET /healthz, GET /metrics) when KILAS_HTTP_PORT is set.
ENV KILAS_HTTP_HOST=0.0.0.0
EXPOSE 9464
STOPSIGNAL SIGTERM
CMD ["node", "bin/kilas.mjs", "start"]
