"use client";
// Masters and supervisors on every host (from their heartbeats), processes per
// queue, the autoscaler's recent moves, and pause / continue / graceful restart.
import { useState } from "react";
import { consoleApi } from "@/lib/api-client/console-api";
import { useLiveQuery } from "@/lib/api-client/live";
import { queryKeys } from "@/lib/api-client/query-keys";
import { useCanAct } from "@/lib/api-client/use-can-act";
import type { SupervisorsData } from "@/lib/console/types";
import { ConfirmDialog } from "@/components/console/confirm-dialog";
import { formatAgo, formatNumber, formatTime } from "@/components/console/format";
import { Notice } from "@/components/console/notice";
import { ActionButton, Badge, Card, Empty, PageTitle, QueryView, TableScroll, tableClass, tdClass, thClass, type Tone } from "@/components/console/ui";
import { useAction } from "@/components/console/use-action";

type Command = { type: "pause" | "continue" | "restart"; master?: string; supervisor?: string; label: string };

const STATUS_TONE: Record<string, Tone> = { running: "green", paused: "amber", terminating: "red", inactive: "gray" };

function Controls({ target, paused, canAct, onCommand }: { target: Omit<Command, "type">; paused: boolean; canAct: boolean; onCommand: (c: Command) => void }) {
  return (
    <div className="inline-flex gap-1">
      {paused ? (
        <ActionButton canAct={canAct} onClick={() => onCommand({ ...target, type: "continue" })} aria-label={`Continue ${target.label}`}>Continue</ActionButton>
      ) : (
        <ActionButton canAct={canAct} onClick={() => onCommand({ ...target, type: "pause" })} aria-label={`Pause ${target.label}`}>Pause</ActionButton>
      )}
      <ActionButton canAct={canAct} onClick={() => onCommand({ ...target, type: "restart" })} aria-label={`Restart ${target.label}`}>Restart</ActionButton>
    </div>
  );
}

function Masters({ data, canAct, onCommand }: { data: SupervisorsData; canAct: boolean; onCommand: (c: Command) => void }) {
  if (!data.masters.length) return <Empty>No master is running. Start the workers with `npm run workers`.</Empty>;
  return (
    <TableScroll label="Masters">
      <table className={tableClass}>
        <thead>
          <tr>
            {["Master", "Host", "Status", "Memory", "Started", "Last heartbeat", ""].map((h) => (
              <th key={h} scope="col" className={thClass}>{h || <span className="sr-only">Actions</span>}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.masters.map((m) => (
            <tr key={m.name}>
              <th scope="row" className={`${tdClass} font-medium break-all`}>{m.name}<div className="text-xs font-normal text-zinc-500">pid {m.pid} · {m.environment}</div></th>
              <td className={tdClass}>{m.host}</td>
              <td className={tdClass}><Badge tone={STATUS_TONE[m.status] ?? "gray"}>{m.status}</Badge></td>
              <td className={`${tdClass} tabular-nums`}>{formatNumber(m.memoryMb)} MB</td>
              <td className={`${tdClass} text-xs`}>{formatTime(m.startedAt)}</td>
              <td className={`${tdClass} text-xs`}>{formatAgo(m.lastSeen)}</td>
              <td className={`${tdClass} text-right`}><Controls target={{ master: m.name, label: m.name }} paused={m.status === "paused"} canAct={canAct} onCommand={onCommand} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Supervisors({ data, canAct, onCommand }: { data: SupervisorsData; canAct: boolean; onCommand: (c: Command) => void }) {
  if (!data.supervisors.length) return <Empty>No supervisor is reporting.</Empty>;
  return (
    <TableScroll label="Supervisors">
      <table className={tableClass}>
        <thead>
          <tr>
            {["Supervisor", "Host", "Status", "Processes per queue", "Balance", "Memory", "Last heartbeat", ""].map((h) => (
              <th key={h} scope="col" className={thClass}>{h || <span className="sr-only">Actions</span>}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.supervisors.map((s) => (
            <tr key={s.name}>
              <th scope="row" className={`${tdClass} font-medium`}>{s.supervisor}<div className="break-all text-xs font-normal text-zinc-500">{s.master} · pid {s.pid}</div></th>
              <td className={tdClass}>{s.host}</td>
              <td className={tdClass}><Badge tone={STATUS_TONE[s.status] ?? "gray"}>{s.status}</Badge></td>
              <td className={`${tdClass} text-xs`}>
                {Object.entries(s.processes).map(([q, n]) => (
                  <div key={q}>{q}: <span className="tabular-nums">{n}</span></div>
                ))}
              </td>
              <td className={`${tdClass} text-xs`}>{s.balance} · {s.minProcesses}–{s.maxProcesses}<div className="text-zinc-500">{s.connection}</div></td>
              <td className={`${tdClass} tabular-nums`}>{formatNumber(s.memoryMb)} MB</td>
              <td className={`${tdClass} text-xs`}>{formatAgo(s.lastSeen)}</td>
              <td className={`${tdClass} text-right`}><Controls target={{ supervisor: s.name, label: s.name }} paused={s.status === "paused"} canAct={canAct} onCommand={onCommand} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Decisions({ data }: { data: SupervisorsData }) {
  if (data.decisions === null) return <Empty>The supervisors do not record their scaling decisions.</Empty>;
  if (!data.decisions.length) return <Empty>No scaling moves yet.</Empty>;
  return (
    <TableScroll label="Scaling decisions">
      <table className={tableClass}>
        <thead>
          <tr>{["When", "Supervisor", "Queue", "Processes", "Why"].map((h) => <th key={h} scope="col" className={thClass}>{h}</th>)}</tr>
        </thead>
        <tbody>
          {data.decisions.map((d, i) => (
            <tr key={`${d.at}-${i}`}>
              <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatTime(d.at)}</td>
              <td className={`${tdClass} text-xs`}>{d.supervisor}{d.host ? <div className="text-zinc-500">{d.host}</div> : null}</td>
              <td className={tdClass}>{d.queue}</td>
              <td className={`${tdClass} tabular-nums`}>{d.from} → {d.to}</td>
              <td className={`${tdClass} max-w-md text-xs break-words`}>{d.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function SupervisorsScreen() {
  const canAct = useCanAct();
  const [pending, setPending] = useState<Command | null>(null);
  const data = useLiveQuery({ queryKey: queryKeys.supervisors.all, queryFn: ({ signal }) => consoleApi.supervisors(signal) });
  const command = useAction((c: Command) => consoleApi.supervisorCommand({ type: c.type, master: c.master, supervisor: c.supervisor }), {
    invalidate: [queryKeys.supervisors.all, queryKeys.dashboard],
    success: (r, c) => `Sent ${c.type} to ${r.sentTo.length} process${r.sentTo.length === 1 ? "" : "es"}; they act on their next pass.`,
  });
  const verb = pending?.type === "restart" ? "Gracefully restart" : pending?.type === "pause" ? "Pause" : "Continue";
  return (
    <div className="space-y-5">
      <PageTitle
        title="Supervisors"
        description={data.data ? `Workers are ${data.data.status}.` : undefined}
        actions={
          data.data?.masters.length ? (
            <Controls target={{ label: "all masters" }} paused={data.data.status === "paused"} canAct={canAct} onCommand={setPending} />
          ) : undefined
        }
      />
      <Notice notice={command.notice} />
      <QueryView query={data}>
        {(d) => (
          <div className="space-y-5">
            <Card title="Masters"><Masters data={d} canAct={canAct} onCommand={setPending} /></Card>
            <Card title="Supervisors"><Supervisors data={d} canAct={canAct} onCommand={setPending} /></Card>
            <Card title="Processes per queue">
              {Object.keys(d.workersPerQueue).length ? (
                <ul className="flex flex-wrap gap-2 text-sm">
                  {Object.entries(d.workersPerQueue).map(([q, n]) => (
                    <li key={q} className="rounded-md border border-zinc-200 px-3 py-1 dark:border-zinc-700">{q}: <span className="font-semibold tabular-nums">{n}</span></li>
                  ))}
                </ul>
              ) : <Empty>No processes.</Empty>}
            </Card>
            <Card title="Autoscaler: recent moves"><Decisions data={d} /></Card>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={!!pending}
        title={`${verb} ${pending?.label ?? ""}`}
        confirmLabel={verb}
        danger={pending?.type === "restart"}
        onClose={() => setPending(null)}
        onConfirm={() => {
          if (pending) command.run(pending);
          setPending(null);
        }}
      >
        <p>
          {pending?.type === "restart"
            ? "Every worker process finishes its current job and is replaced by a fresh one (new code is loaded)."
            : pending?.type === "pause"
              ? "Workers finish the jobs they are running and take no new ones until continued."
              : "Workers take new jobs again."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
