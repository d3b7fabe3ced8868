# syntax=docker/dockerfile:1
# train as an Amazon SageMaker training image. SageMaker starts it as `docker run <image> train`:
# the entry point reads /opt/ml/input/config/hyperparameters.json and /opt/ml/input/data/train/, writes the
# model to /opt/ml/model/ and, on failure, the reason to /opt/ml/output/failure.
# Build from the repository root:  docker build --platform linux/amd64 --provenance=false -f docker/train.Dockerfile -t crypto-forecast/train .
ARG NODE_VERSION=22

# 1. Build the app from source with Nx (esbuild bundle of the app and its libs; npm packages stay external).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /workspace
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps/train ./apps/train
RUN npx nx run train:build

# 2. Production dependencies, with tfjs-node (native TensorFlow; its install script downloads it).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
ARG TFJS_NODE_VERSION=4.22.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /deps
COPY --from=build /workspace/dist/apps/train/package.json /workspace/dist/apps/train/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm install --omit=dev --no-save --no-audit --no-fund @tensorflow/tfjs-node@${TFJS_NODE_VERSION}

# 3. The training image. SageMaker runs training containers as root and mounts /opt/ml for them,
# so this image keeps root (a non-root user could not write /opt/ml/model on every instance type).
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production TF_BACKEND=tensorflow
WORKDIR /opt/app
COPY --from=deps /deps/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/train/ ./
ENTRYPOINT ["node", "/opt/app/main.js"]
CMD ["train"]
