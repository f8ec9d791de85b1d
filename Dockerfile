FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
USER node
EXPOSE 3000
CMD ["node", "scripts/start.js"]
