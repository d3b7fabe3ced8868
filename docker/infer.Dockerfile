# syntax=docker/dockerfile:1
# infer, two images from one file:
#   --target lambda     (default) AWS Lambda container, scheduled: forecasts every configured asset into the store.
#   --target sagemaker  Amazon SageMaker endpoint: `docker run <image> serve` answers GET /ping and
#                       POST /invocations on port 8080 with the model in /opt/ml/model.
# Build from the repository root (Lambda and SageMaker run linux/amd64 images without attestation manifests):
#   docker build --platform linux/amd64 --provenance=false -f docker/infer.Dockerfile -t crypto-forecast/infer .
#   docker build --platform linux/amd64 --provenance=false -f docker/infer.Dockerfile --target sagemaker -t crypto-forecast/infer-sagemaker .
ARG NODE_VERSION=22

# 1. Build the app from source with Nx (esbuild bundle of the app and its libs; npm packages stay external).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/infer ./apps/infer
RUN npx nx run infer:build

# 2a. Production dependencies with tfjs-node for the Lambda image (Amazon Linux 2023).
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS lambda-deps
ARG TFJS_NODE_VERSION=4.22.0
RUN dnf install -y python3 make gcc-c++ tar gzip && dnf clean all
WORKDIR /deps
COPY --from=build /workspace/dist/apps/infer/package.json /workspace/dist/apps/infer/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --omit=dev --no-save --no-audit --no-fund @tensorflow/tfjs-node@${TFJS_NODE_VERSION}

# 2b. The same for the Debian-based SageMaker image (native modules must match the runtime's libc).
FROM node:${NODE_VERSION}-bookworm-slim AS sagemaker-deps
ARG TFJS_NODE_VERSION=4.22.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /deps
COPY --from=build /workspace/dist/apps/infer/package.json /workspace/dist/apps/infer/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --omit=dev --no-save --no-audit --no-fund @tensorflow/tfjs-node@${TFJS_NODE_VERSION}

# 3a. SageMaker endpoint image: health-checked, `serve` on port 8080. It runs as root, as SageMaker's
# inference contract expects: SageMaker starts `docker run <image> serve` with /opt/ml/model mounted from the
# model data it downloaded as root, and a non-root user could not read or manage it on every instance type.
FROM node:${NODE_VERSION}-bookworm-slim AS sagemaker
ENV NODE_ENV=production TF_BACKEND=tensorflow
WORKDIR /opt/app
COPY --from=sagemaker-deps /deps/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/infer/ ./
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SAGEMAKER_BIND_TO_PORT||8080)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/opt/app/main.js"]
CMD ["serve"]

# 3b. Lambda image (the default target): the base image runs the handler as a non-root user.
FROM public.ecr.aws/lambda/nodejs:${NODE_VERSION} AS lambda
ENV NODE_ENV=production TF_BACKEND=tensorflow
COPY --from=lambda-deps /deps/node_modules ${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /workspace/dist/apps/infer/ ${LAMBDA_TASK_ROOT}/
CMD ["lambda.handler"]
