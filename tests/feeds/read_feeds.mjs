// Read iCalendar feeds with ical.js, the library of Thunderbird and Nextcloud, as they do: the
// zones come from the VTIMEZONE components inside each feed. Prints, per file given, every
// event's UID with its start and end as Europe/Oslo wall-clock time ("YYYY-MM-DDTHH:MM"), or as
// a date ("YYYY-MM-DD") for an all-day entry.
//
//     node read_feeds.mjs FILE.ics [FILE.ics ...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const oslo = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function wallClock(time) {
  if (time === null) return null;
  if (time.isDate) return time.toString();
  if (time.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`a floating time where a zone was meant: ${time.toString()}`);
  }
  return oslo.format(new Date(time.toUnixTime() * 1000)).replace(" ", "T");
}

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = {};
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    events[event.uid] = {
      start: wallClock(event.startDate),
      end: component.hasProperty("dtend") ? wallClock(event.endDate) : null,
      summary: event.summary,
    };
  }
  result[path] = events;
}
process.stdout.write(JSON.stringify(result));
