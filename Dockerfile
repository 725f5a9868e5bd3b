# Baton from its release tarball: `./build.sh dist`, then `docker build -t baton .`
# The tarball carries its own Java runtime, so the image needs no JDK.
FROM debian:bookworm-slim
ARG VERSION=0.1.0-SNAPSHOT
# git for branch isolation; procps for stopping agents' process trees
RUN apt-get update && apt-get install -y --no-install-recommends git procps ca-certificates \
    && rm -rf /var/lib/apt/lists/*
ADD dist/baton-${VERSION}.tar.gz /opt/
RUN ln -s /opt/baton-${VERSION}/bin/baton /usr/local/bin/baton
WORKDIR /work
VOLUME /work/.baton
ENTRYPOINT ["baton"]
CMD ["--help"]
