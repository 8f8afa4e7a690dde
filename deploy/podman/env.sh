# Sourced by the deploy/podman scripts: the podman settings that work on the development machines.
# Point podman at our containers.conf (default ulimits off) unless the caller chose another one.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf}
