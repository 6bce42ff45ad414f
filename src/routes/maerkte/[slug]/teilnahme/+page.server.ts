import { attendancePage, setAttendance } from '#lib/server/market/market.service.ts';
import { marketContext } from '#lib/server/market/market.http.ts';
import { attendanceSchema } from '#lib/server/market/market.schema.ts';
import { requirePerson, throwHttpError } from '#lib/server/http/context.ts';
import { failFromError, parseForm } from '#lib/server/http/form.ts';
import { AppError } from '#lib/server/security/app-error.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	try {
		return await attendancePage(await marketContext(event), event.params.slug);
	} catch (caught) {
		throwHttpError(event, caught);
	}
};

export const actions: Actions = {
	default: async (event) => {
		requirePerson(event);
		const data = await event.request.formData();
		const parsed = parseForm(attendanceSchema, data);
		if (!parsed.ok) return parsed.failure;
		try {
			await setAttendance(await marketContext(event), event.params.slug, parsed.data);
		} catch (caught) {
			if (caught instanceof AppError && caught.code === 'invalid')
				return failFromError(caught, data);
			throwHttpError(event, caught);
		}
		return { done: true };
	}
};
