/** CSV downloads of the coordinator's and producers' lists (RFC 4180, formulas defused). */
import type { coordinatorView, producerView } from './order.service.ts';

function field(value: string | number): string {
	const text = String(value);
	// a leading =, +, - or @ would be run as a formula by spreadsheet programs
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csv(rows: (string | number)[][]): string {
	return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

const euros = (cents: number) => (cents / 100).toFixed(2);

type PickList = Awaited<ReturnType<typeof producerView>>['pickList'];

/** One row per pickup and product: what goes where, and how much of it is collected already. */
export function pickListCsv(pickList: PickList): string {
	return csv([
		['pickup', 'pickup_starts_at', 'producer', 'product', 'unit', 'quantity', 'collected_quantity'],
		...pickList.flatMap((p) =>
			p.items.map((i) => [
				p.place,
				p.startsAt,
				i.producer,
				i.product,
				i.unit,
				i.quantity,
				i.collected
			])
		)
	]);
}

/** One row per order line: who gets what, where; whether and when it was collected. */
export function packingListCsv(view: Awaited<ReturnType<typeof coordinatorView>>): string {
	return csv([
		[
			'order_number',
			'customer',
			'status',
			'collected_at',
			'pickup',
			'pickup_starts_at',
			'producer',
			'product',
			'unit',
			'quantity',
			'unit_price_eur',
			'order_total_eur',
			'note'
		],
		...view.orders.flatMap((o) =>
			o.lines.map((l) => [
				o.number,
				o.customer,
				o.status,
				o.collectedAt ?? '',
				o.pickup.place,
				o.pickup.startsAt,
				l.producer,
				l.product,
				l.unit,
				l.quantity,
				euros(l.priceCents),
				euros(o.totalCents),
				o.note
			])
		)
	]);
}
