// The demo's companies and customers: fixed ids (upserts), so running the demo
// again reuses them instead of piling up rows.
import type { PrismaClient } from "../../lib/db/client";

export interface DemoCompany {
  id: string;
  name: string;
  agentId: string;
  phoneNumber: string;
  customers: { id: string; phone: string }[];
}

const COMPANIES = [
  { name: "Salon Schnittig", agentId: "agent_demo_salon_schnittig", phoneNumber: "+493055500001", active: true },
  { name: "Praxis Dr. Weiss", agentId: "agent_demo_praxis_weiss", phoneNumber: "+498955500002", active: true },
  { name: "Autohaus Nord", agentId: "agent_demo_autohaus_nord", phoneNumber: "+494055500003", active: true },
  // Inactive: its payments are declined (a realistic, permanent failure).
  { name: "Studio Geschlossen", agentId: "agent_demo_studio_closed", phoneNumber: "+492215550004", active: false },
];

const FIRST = ["Anna", "Jonas", "Lea", "Felix", "Mia", "Paul", "Emma", "Lukas", "Hannah", "Ben"];
const LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"];

export async function seedDemo(db: PrismaClient): Promise<DemoCompany[]> {
  const companies: DemoCompany[] = [];
  for (const [ci, c] of COMPANIES.entries()) {
    const company = await db.company.upsert({
      where: { retellAgentId: c.agentId },
      create: { name: c.name, retellAgentId: c.agentId, phoneNumber: c.phoneNumber, active: c.active, email: `kontakt@${c.agentId.replace(/_/g, "-")}.demo` },
      update: { name: c.name, active: c.active },
    });
    const customers: DemoCompany["customers"] = [];
    for (let i = 0; i < 8; i++) {
      const phone = `+49151${String(ci).padStart(2, "0")}${String(1000 + i).padStart(6, "0")}`;
      const name = `${FIRST[(i + ci) % FIRST.length]} ${LAST[(i * 3 + ci) % LAST.length]}`;
      const customer = await db.customer.upsert({
        where: { companyId_phone: { companyId: company.id, phone } },
        create: {
          companyId: company.id,
          phone,
          name,
          email: i === 7 ? null : `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@kunden.demo`,
          // A few customers said no to texts or WhatsApp: their confirmations skip those channels.
          smsNotifications: i !== 3,
          whatsappOptOut: i === 5,
        },
        update: {},
      });
      customers.push({ id: customer.id, phone });
    }
    companies.push({ id: company.id, name: c.name, agentId: c.agentId, phoneNumber: c.phoneNumber, customers });
  }
  return companies;
}
