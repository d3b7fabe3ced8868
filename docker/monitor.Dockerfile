# syntax=docker/dockerfile:1
# monitor on AWS Lambda (scheduled): evaluation, alerts, retrain trigger, promotion, dashboard.
# Build from the repository root:  docker build --platform linux/amd64 --provenance=false -f docker/monitor.Dockerfile -t crypto-forecast/monitor .
ARG NODE_VERSION=22

# 1. Build the app from source with Nx (esbuild bundle of the app and its libs; npm packages stay external).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/monitor ./apps/monitor
RUN npx nx run monitor:build

# 2. Production dependencies only, from the lock file Nx generated for this app.
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS deps
ARG TFJS_NODE_VERSION=4.22.0
# tfjs-node ships a native TensorFlow build; its install script downloads it (an internet-connected build).
RUN dnf install -y python3 make gcc-c++ tar gzip && dnf clean all
WORKDIR /deps
COPY --from=build /workspace/dist/apps/monitor/package.json /workspace/dist/apps/monitor/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --omit=dev --no-save --no-audit --no-fund @tensorflow/tfjs-node@${TFJS_NODE_VERSION}

# 3. The Lambda image: the AWS Lambda Node.js base image runs the handler as a non-root user.
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS lambda
ENV NODE_ENV=production TF_BACKEND=tensorflow
COPY --from=deps /deps/node_modules ${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /workspace/dist/apps/monitor/ ${LAMBDA_TASK_ROOT}/
CMD ["lambda.handler"]
