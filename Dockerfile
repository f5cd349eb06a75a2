# The dashboard with its offline assets baked in: no internet needed at run time.
#   docker build -t syriawatch . && docker run -p 8501:8501 syriawatch
#   private link: docker run -e SYRIAWATCH_PASSWORD=... -p 8501:8501 syriawatch
FROM python:3.11-slim-bookworm

# nodejs/npm: installs the pinned Leaflet files at build time; chromium: PNG/SVG exports (kaleido).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm chromium curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 app
WORKDIR /home/app/syriawatch
COPY --chown=app:app . .
USER app
RUN bash scripts/setup.sh && rm -rf node_modules ~/.npm ~/.cache/pip

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8501/_stcore/health || exit 1
CMD [".venv/bin/streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
