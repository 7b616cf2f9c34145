# Jalon: one image for the api and the projector (docker-compose.yml picks the command).
# Debian (glibc) on purpose: the KurrentDB client's native addon ships prebuilt as
# @kurrent/bridge-linux-x64-gnu / -linux-arm64-gnu; the musl (Alpine) arm64 build has been missing before.

# ---- build: full install (dev tools included), compile TypeScript to dist/
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV NODE_ENV=development
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies only, compiled code, unprivileged user
FROM node:20.20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --omit=dev only: never --omit=optional, the KurrentDB native addon comes as optional dependencies.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
