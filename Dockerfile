# PortFwd: the panel, the relay and the router client in one image.
#
#   docker build -t portfwd .
#   docker run -d --name portfwd --network host -v portfwd-data:/data \
#     -e PortFwd__AdminPassword='choose-a-long-password' portfwd
#
# --network host is what makes sense for a port forwarder: the rules open ports on the machine itself
# and the router client needs the LAN (SSDP multicast, NAT-PMP/PCP to the gateway). The panel listens
# on 8080 (ASPNETCORE_URLS). The image runs as the unprivileged "app" user, so rules can use ports
# from 1024 up; for ports below 1024 run with --user root or lower net.ipv4.ip_unprivileged_port_start on the host.

# The SDK runs on the build machine's own architecture and compiles for the image's (docker buildx --platform
# linux/arm64 on a PC makes the Raspberry Pi image without emulating the compiler).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /source
# Restore first, from the project files only, so the package layer is cached between code changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/PortFwd.Core/PortFwd.Core.csproj src/PortFwd.Core/
COPY src/PortFwd.Data/PortFwd.Data.csproj src/PortFwd.Data/
COPY src/PortFwd.Relay/PortFwd.Relay.csproj src/PortFwd.Relay/
COPY src/PortFwd.Nat/PortFwd.Nat.csproj src/PortFwd.Nat/
COPY src/PortFwd.Acme/PortFwd.Acme.csproj src/PortFwd.Acme/
COPY src/PortFwd.Import/PortFwd.Import.csproj src/PortFwd.Import/
COPY src/PortFwd.Web/PortFwd.Web.csproj src/PortFwd.Web/
RUN dotnet restore src/PortFwd.Web/PortFwd.Web.csproj -a $TARGETARCH -p:PublishReadyToRun=true
# Then the sources. The project links the top-level appsettings.json and wwwroot/ in by MSBuild, so both go where
# they are in the repository.
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY src/ src/
# ReadyToRun: the app and its libraries precompiled for the image's architecture, so a start JITs little (most of
# the start-up on a Raspberry Pi; BENCHMARKS.md, "Start-up of the release build"). The runtime comes from the base image.
RUN dotnet publish src/PortFwd.Web/PortFwd.Web.csproj -c Release -a $TARGETARCH --self-contained false --no-restore \
        -p:PublishReadyToRun=true -p:DebugType=none -p:DebugSymbols=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
ENV ASPNETCORE_URLS=http://+:8080 \
    PortFwd__DataDirectory=/data \
    DOTNET_gcServer=0
VOLUME /data
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["dotnet", "PortFwd.Web.dll", "--health-probe"]
ENTRYPOINT ["dotnet", "PortFwd.Web.dll"]
