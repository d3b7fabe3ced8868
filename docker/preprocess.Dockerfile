# syntax=docker/dockerfile:1
# preprocess on AWS Lambda (S3 ObjectCreated on raw/, or scheduled): raw/ -> processed/.
# Build from the repository root:  docker build --platform linux/amd64 --provenance=false -f docker/preprocess.Dockerfile -t crypto-forecast/preprocess .
ARG NODE_VERSION=22

# 1. Build the app from source with Nx (esbuild bundle of the app and its libs; npm packages stay external).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/preprocess ./apps/preprocess
RUN npx nx run preprocess:build

# 2. Production dependencies only, from the lock file Nx generated for this app.
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS deps
WORKDIR /deps
COPY --from=build /workspace/dist/apps/preprocess/package.json /workspace/dist/apps/preprocess/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The Lambda image: the AWS Lambda Node.js base image runs the handler as a non-root user.
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS lambda
ENV NODE_ENV=production
COPY --from=deps /deps/node_modules ${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /workspace/dist/apps/preprocess/ ${LAMBDA_TASK_ROOT}/
CMD ["lambda.handler"]
