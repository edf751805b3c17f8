# The production image of tiltak: the web tracker, the REST API and the Slack endpoint.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Only what the package needs, so a local .venv, var/ or .env never ends up in the image.
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY chatops ./chatops
COPY adapters ./adapters
COPY worker ./worker
RUN pip install ".[postgres,server,slack,matrix]"

# Run as an unprivileged user; the image holds no data (PostgreSQL and Redis do).
RUN useradd --create-home --uid 10001 tiltak
USER tiltak
# The Matrix bot's key store: made here so that a volume mounted on it belongs to the user.
RUN mkdir -p /home/tiltak/var

EXPOSE 5000
CMD ["sh", "-c", "tiltak migrate && exec gunicorn -w 2 -b 0.0.0.0:5000 tracker.wsgi:app"]
