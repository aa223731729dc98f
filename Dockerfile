# syntax=docker/dockerfile:1
# Voortgang: the API (`voortgang serve`) and the projector (`voortgang project`)
# run from this one image; docker-compose.yml wires them to PostgreSQL.

# --- build: a virtualenv with the project installed editable from /app ------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY service ./service
COPY projections ./projections
COPY migrations ./migrations
# Editable, so that service/migrate.py finds migrations/ beside service/ in /app.
RUN pip install --upgrade pip && pip install -e .

# --- runtime: the same paths, no build tools, a non-root user ---------------
FROM python:3.11-slim AS runtime
RUN groupadd --system --gid 10001 voortgang \
    && useradd --system --uid 10001 --gid voortgang --create-home --home-dir /home/voortgang voortgang
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VOORTGANG_ENVIRONMENT=production \
    VOORTGANG_HOST=0.0.0.0 \
    VOORTGANG_PORT=8000 \
    VOORTGANG_DATA_DIR=/home/voortgang/data
USER voortgang
WORKDIR /app
EXPOSE 8000
# Liveness of the API process; docker-compose.yml checks readiness instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
ENTRYPOINT ["voortgang"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
