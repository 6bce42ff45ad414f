import { expect, test } from 'vitest';
import { packingListCsv, pickListCsv } from './order.csv.ts';

const pickup = {
	place: 'Dorfladen',
	startsAt: '2026-11-27T14:00:00.000Z',
	endsAt: '2026-11-27T17:00:00.000Z'
};
const line = { producer: 'Hof', product: 'Kartoffeln', unit: '5 kg', priceCents: 650, quantity: 2 };

test('the packing list says per line whether and when the order was collected', () => {
	const text = packingListCsv({
		cycle: { slug: 'runde', name: 'Runde', closesAt: '2026-11-25T18:00:00.000Z' },
		orders: [
			{
				id: 'a',
				number: '7',
				customer: 'Familie Berger',
				status: 'collected',
				collectedAt: '2026-11-27T14:20:00.000Z',
				canCollect: false,
				totalCents: 1300,
				note: '=1+1',
				pickup,
				lines: [line]
			},
			{
				id: 'b',
				number: '8',
				customer: 'Anna, "Nachbarin"',
				status: 'placed',
				collectedAt: null,
				canCollect: true,
				totalCents: 650,
				note: '',
				pickup,
				lines: [{ ...line, quantity: 1 }]
			}
		],
		pickList: []
	});
	const rows = text.split('\r\n');
	expect(rows[0]).toBe(
		'order_number,customer,status,collected_at,pickup,pickup_starts_at,producer,product,unit,quantity,unit_price_eur,order_total_eur,note'
	);
	expect(rows[1]).toBe(
		"7,Familie Berger,collected,2026-11-27T14:20:00.000Z,Dorfladen,2026-11-27T14:00:00.000Z,Hof,Kartoffeln,5 kg,2,6.50,13.00,'=1+1"
	);
	expect(rows[2]).toBe(
		'8,"Anna, ""Nachbarin""",placed,,Dorfladen,2026-11-27T14:00:00.000Z,Hof,Kartoffeln,5 kg,1,6.50,6.50,'
	);
	expect(rows[3]).toBe('');
});

test('the pick list says how much of each quantity is collected already', () => {
	const text = pickListCsv([
		{
			id: 'p',
			...pickup,
			items: [{ producer: 'Hof', product: 'Kartoffeln', unit: '5 kg', quantity: 3, collected: 2 }]
		}
	]);
	expect(text).toBe(
		'pickup,pickup_starts_at,producer,product,unit,quantity,collected_quantity\r\n' +
			'Dorfladen,2026-11-27T14:00:00.000Z,Hof,Kartoffeln,5 kg,3,2\r\n'
	);
});
