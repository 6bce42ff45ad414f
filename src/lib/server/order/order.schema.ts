/** One schema per order action; every message is a key of messages/order.*.json. */
import { z } from 'zod';
import { berlinToInstant } from '../event/event.time.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (message: string) => z.string().trim().regex(UUID, { message });
const optionalId = (message: string) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : undefined))
		.pipe(id(message).optional());
const localTime = (message: string) =>
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			const instant = berlinToInstant(v);
			if (!instant) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return instant;
		});

/** "3,50", "3.50", "3" euros → cents; empty → undefined (the product's price). */
export function parseEuro(text: string): number | null {
	const m = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s*€$/, ''));
	if (!m) return null;
	return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

const cycleFields = {
	name: z
		.string()
		.trim()
		.min(3, { message: 'order.cycle.name.invalid' })
		.max(150, { message: 'order.cycle.name.invalid' })
		.regex(/^[^\p{Cc}]+$/u, { message: 'order.cycle.name.invalid' }),
	description: z
		.string()
		.trim()
		.max(4000, { message: 'order.cycle.description.tooLong' })
		.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'order.cycle.description.tooLong' })
		.default(''),
	opensAt: localTime('order.cycle.opensAt.invalid'),
	closesAt: localTime('order.cycle.closesAt.invalid')
};
const closesAfterOpening = {
	path: ['closesAt'],
	message: 'order.cycle.closesAt.beforeOpen'
};

export const cycleSchema = z
	.object({
		...cycleFields,
		coordinator: z
			.string()
			.trim()
			.regex(/^[a-z0-9-]{1,80}$/, { message: 'order.cycle.coordinator.invalid' }),
		depot: optionalId('order.cycle.depot.invalid')
	})
	.refine((v) => v.closesAt > v.opensAt, closesAfterOpening);
export type CycleInput = z.infer<typeof cycleSchema>;

/** Editing a cycle: name, description, times (the coordinator stays). */
export const cycleEditSchema = z
	.object(cycleFields)
	.refine((v) => v.closesAt > v.opensAt, closesAfterOpening);
export type CycleEditInput = z.infer<typeof cycleEditSchema>;

export const offerSchema = z.object({
	product: id('order.offer.product.invalid'),
	price: z
		.string()
		.trim()
		.max(20, { message: 'order.offer.price.invalid' })
		.optional()
		.transform((v, ctx) => {
			if (!v) return undefined;
			const cents = parseEuro(v);
			if (cents === null || cents > 1_000_000) {
				ctx.addIssue({ code: 'custom', message: 'order.offer.price.invalid' });
				return z.NEVER;
			}
			return cents;
		}),
	stock: z
		.string()
		.trim()
		.max(10, { message: 'order.offer.stock.invalid' })
		.optional()
		.transform((v) => (v ? Number(v) : undefined))
		.pipe(
			z
				.number({ message: 'order.offer.stock.invalid' })
				.int({ message: 'order.offer.stock.invalid' })
				.min(0, { message: 'order.offer.stock.invalid' })
				.max(1_000_000, { message: 'order.offer.stock.invalid' })
				.optional()
		)
});
export type OfferInput = z.infer<typeof offerSchema>;

/** Changing an offer: a price is required (new orders pay it); an empty stock is no limit. */
export const offerEditSchema = z.object({
	id: id('form.invalid'),
	price: offerSchema.shape.price.pipe(z.number({ message: 'order.offer.price.invalid' })),
	stock: offerSchema.shape.stock
});
export type OfferEditInput = z.infer<typeof offerEditSchema>;

export const pickupSchema = z
	.object({
		place: id('order.pickup.place.invalid'),
		startsAt: localTime('order.pickup.startsAt.invalid'),
		endsAt: localTime('order.pickup.endsAt.invalid')
	})
	.refine((v) => v.endsAt > v.startsAt, {
		path: ['endsAt'],
		message: 'order.pickup.endsAt.beforeStart'
	});
export type PickupInput = z.infer<typeof pickupSchema>;

export const removeSchema = z.object({ id: id('form.invalid') });

export interface BasketLine {
	offerId: string;
	quantity: number;
	/** the price the person saw, in cents */
	priceCents: number;
}

const quantity = z
	.string()
	.trim()
	.regex(/^\d{1,3}$/, { message: 'order.quantity.invalid' })
	.transform(Number)
	.pipe(z.number().int().min(1, { message: 'order.quantity.invalid' }).max(999));

/**
 * The basket travels in the form: `q.<offer id>` is the quantity (empty or 0: not wanted) and
 * `p.<offer id>` the price in cents the person saw next to it. Errors are keyed by field name.
 */
export function parseBasket(
	raw: Record<string, string>
): { ok: true; lines: BasketLine[] } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const lines: BasketLine[] = [];
	const seen = new Set<string>();
	for (const [key, value] of Object.entries(raw)) {
		if (!key.startsWith('q.')) continue;
		const offerId = key.slice(2);
		if (!UUID.test(offerId)) continue;
		if (value.trim() === '' || value.trim() === '0') continue;
		const q = quantity.safeParse(value);
		const price = Number(raw[`p.${offerId}`]);
		if (!q.success || seen.has(offerId.toLowerCase())) errors[key] = 'order.quantity.invalid';
		else if (!Number.isInteger(price) || price < 0) errors[key] = 'order.price.missing';
		else lines.push({ offerId: offerId.toLowerCase(), quantity: q.data, priceCents: price });
		seen.add(offerId.toLowerCase());
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	if (lines.length === 0) return { ok: false, errors: { _form: 'order.basket.empty' } };
	if (lines.length > 200) return { ok: false, errors: { _form: 'order.basket.tooLarge' } };
	return { ok: true, lines };
}

export const placeSchema = z.object({
	pickup: id('order.pickup.choose'),
	note: z
		.string()
		.trim()
		.max(500, { message: 'order.note.tooLong' })
		.regex(/^(?:[^\p{Cc}]|[\t\n\r])*$/u, { message: 'order.note.tooLong' })
		.default('')
});
export type PlaceInput = z.infer<typeof placeSchema>;

export const cancelSchema = z.object({ order: id('form.invalid') });
export const collectSchema = z.object({ order: id('form.invalid') });
