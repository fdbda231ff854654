# The cpgraph API and CLI (ingest, serve, neo4j load). Neo4j itself runs from the official image
# (see docker-compose.yml); this image needs no Java.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CPGRAPH_DATA_DIR=/data
WORKDIR /app

COPY pyproject.toml README.md ./
COPY ingest ./ingest
COPY queries ./queries
COPY graphsvc ./graphsvc
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 cpgraph
USER cpgraph

EXPOSE 8000
CMD ["cpgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
