#!/usr/bin/env bash
# Starts (or stops) a one-node SLURM cluster on loopback, for testing the job-array recipe.
#   scripts/slurm/local-cluster.sh start STATE_DIR   prints the SLURM_CONF path to export
#   scripts/slurm/local-cluster.sh stop STATE_DIR
# Needs root (run it with sudo as another user: jobs then run as that user, who needs only to
# reach munge's socket) and Debian's slurmctld, slurmd, slurm-client and munge.
set -euo pipefail
action=${1:?start or stop}
state=$(realpath -m "${2:?state folder}")

stop() {
    for name in slurmd slurmctld munged; do
        [[ -f "$state/$name.pid" ]] && kill "$(cat "$state/$name.pid")" 2>/dev/null || true
    done
    sleep 0.5
}

if [[ $action == stop ]]; then stop; exit 0; fi

mkdir -p "$state"/{spool,ctld,log,munge,munge-socket}
# The key stays root's; the socket's folder is open so that any local user's sbatch can authenticate.
chmod 700 "$state/munge"
chmod 755 "$state" "$state/munge-socket"
host=$(hostname -s)
# Two free neighbouring ports for slurmctld and slurmd, so that several clusters (parallel test
# runs) can share the machine: a port is taken when something on loopback accepts on it.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 50); do
    ctld_port=$(( 20000 + (RANDOM % 20000) * 2 ))
    port_taken "$ctld_port" || port_taken $((ctld_port + 1)) || break
done
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$state/slurm.conf" <<CONF
ClusterName=gendegtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge-socket/munge.socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
[[ -f "$state/munge/munge.key" ]] || mungekey --create --keyfile="$state/munge/munge.key" --force >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$state/munge/munge.key"
# The daemons must inherit none of our file descriptors (standard streams, or a pipe a
# caller passed without close-on-exec): a caller reading our output would wait for them.
start_daemon() {
    (
        for fd in /proc/self/fd/*; do
            n=${fd##*/}
            [[ $n -gt 2 ]] && eval "exec $n>&-" 2>/dev/null
        done
        exec "$@"
    ) </dev/null >/dev/null 2>&1
}
start_daemon munged --key-file="$state/munge/munge.key" --socket="$state/munge-socket/munge.socket" \
    --pid-file="$state/munged.pid" --log-file="$state/log/munged.log" --seed-file="$state/munge/seed" --force
export SLURM_CONF=$state/slurm.conf
start_daemon slurmctld -f "$SLURM_CONF"
start_daemon slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then echo "$SLURM_CONF"; exit 0; fi
    sleep 0.5
done
echo "local SLURM cluster did not come up; logs in $state/log" >&2
tail -5 "$state"/log/*.log >&2 || true
exit 1
