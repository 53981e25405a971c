import Foundation
import Testing

@testable import PSACore

@Suite struct MaintenanceOccurrenceTests {
    @Test func aWeeklyWindowIsInForceFromItsStartUntilJustBeforeItsEnd() {
        let schedule = weekly("Sat 22:00-Sun 04:00")
        let saturday = interval("2026-12-12T22:00", "2026-12-13T04:00")
        #expect(schedule.occurrence(containing: utc("2026-12-12T21:59")) == nil)
        #expect(schedule.occurrence(containing: utc("2026-12-12T22:00")) == saturday)
        #expect(schedule.occurrence(containing: utc("2026-12-13T03:59")) == saturday)
        #expect(schedule.occurrence(containing: utc("2026-12-13T04:00")) == nil)
        #expect(schedule.nextOccurrence(after: utc("2026-12-10T12:00")) == saturday)
        #expect(
            schedule.nextOccurrence(after: utc("2026-12-12T23:00"))
                == interval("2026-12-19T22:00", "2026-12-20T04:00"))
        #expect(schedule.currentOrNextOccurrence(at: utc("2026-12-12T23:00")) == saturday)
    }

    @Test func aSpanMayWrapPastSundayIntoTheNextWeek() {
        let schedule = weekly("Sun 22:00-Mon 02:00")
        let night = interval("2026-12-06T22:00", "2026-12-07T02:00")
        #expect(schedule.occurrence(containing: utc("2026-12-07T01:00")) == night)
        #expect(schedule.occurrence(containing: utc("2026-12-06T23:00")) == night)
        #expect(schedule.occurrence(containing: utc("2026-12-07T02:00")) == nil)
    }

    @Test func sameDaySpansAndSpansOfAlmostAWeek() {
        let hour = weekly("Sat 22:00-Sat 23:00")
        #expect(
            hour.occurrence(containing: utc("2026-12-12T22:30")) == interval("2026-12-12T22:00", "2026-12-12T23:00"))
        #expect(hour.occurrence(containing: utc("2026-12-12T23:30")) == nil)
        let week = weekly("Sat 23:00-Sat 22:00")
        #expect(week.occurrence(containing: utc("2026-12-12T22:30")) == nil)
        #expect(
            week.occurrence(containing: utc("2026-12-16T12:00")) == interval("2026-12-12T23:00", "2026-12-19T22:00"))
    }

    @Test func aOnceWindowIsOneHalfOpenInterval() {
        let window = interval("2026-12-12T22:00", "2026-12-13T02:00")
        let schedule = MaintenanceWindow.Schedule.once(window)
        #expect(schedule.occurrence(containing: utc("2026-12-12T22:00")) == window)
        #expect(schedule.occurrence(containing: utc("2026-12-13T02:00")) == nil)
        #expect(schedule.nextOccurrence(after: utc("2026-12-01T00:00")) == window)
        #expect(schedule.nextOccurrence(after: utc("2026-12-12T23:00")) == nil)
    }

    /// What `WeeklyOccurrences` relies on, checked on this platform rather than assumed: on
    /// the UK's spring-forward day 01:30 does not exist and `.nextTime` gives 02:00 BST; on
    /// the autumn day 01:30 happens twice and `.first` gives the BST one.
    @Test func foundationResolvesGapsAndRepeatsAsTheWindowsNeed() {
        var london = Calendar(identifier: .gregorian)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        func next(after: String) -> Date? {
            london.nextDate(
                after: utc(after), matching: DateComponents(hour: 1, minute: 30, weekday: 1),
                matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward)
        }
        #expect(next(after: "2026-03-28T12:00") == utc("2026-03-29T01:00"))
        #expect(next(after: "2026-10-24T12:00") == utc("2026-10-25T00:30"))
    }

    @Test func londonSpringForwardMovesATimeInTheGapForward() {
        // 01:30 on 2026-03-29 does not exist: it is 02:00 BST, 01:00 UTC.
        let gap = weekly("Sun 01:30-Sun 03:00", "Europe/London")
        let morning = interval("2026-03-29T01:00", "2026-03-29T02:00")
        #expect(gap.occurrence(containing: utc("2026-03-29T00:59")) == nil)
        #expect(gap.occurrence(containing: utc("2026-03-29T01:00")) == morning)
        #expect(gap.nextOccurrence(after: utc("2026-03-28T12:00")) == morning)
        // The week before and after keep their GMT and BST local times.
        #expect(gap.nextOccurrence(after: utc("2026-03-21T12:00")) == interval("2026-03-22T01:30", "2026-03-22T03:00"))
        #expect(gap.nextOccurrence(after: utc("2026-04-04T12:00")) == interval("2026-04-05T00:30", "2026-04-05T02:00"))
        // A night across the change is an hour shorter: 22:00 GMT to 04:00 BST.
        let night = weekly("Sat 22:00-Sun 04:00", "Europe/London")
        #expect(
            night.occurrence(containing: utc("2026-03-29T02:30")) == interval("2026-03-28T22:00", "2026-03-29T03:00"))
    }

    @Test func londonFallBackTakesTheFirstOfARepeatedTime() {
        // 01:30 on 2026-10-25 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        let repeated = weekly("Sun 01:30-Sun 05:00", "Europe/London")
        let morning = interval("2026-10-25T00:30", "2026-10-25T05:00")
        #expect(repeated.occurrence(containing: utc("2026-10-25T00:29")) == nil)
        #expect(repeated.occurrence(containing: utc("2026-10-25T00:30")) == morning)
        #expect(repeated.occurrence(containing: utc("2026-10-25T04:59")) == morning)
        // An end at a repeated time is its first occurrence too.
        let endsRepeated = weekly("Sat 22:00-Sun 01:30", "Europe/London")
        #expect(
            endsRepeated.occurrence(containing: utc("2026-10-24T23:00"))
                == interval("2026-10-24T21:00", "2026-10-25T00:30"))
        // A night across the change is an hour longer: 22:00 BST to 04:00 GMT.
        let night = weekly("Sat 22:00-Sun 04:00", "Europe/London")
        #expect(
            night.occurrence(containing: utc("2026-10-25T03:30")) == interval("2026-10-24T21:00", "2026-10-25T04:00"))
    }

    @Test func newYorkGapsAndRepeatsFollowTheSameRules() {
        // 02:30 on 2026-03-08 does not exist in New York: it is 03:00 EDT, 07:00 UTC.
        let spring = weekly("Sun 02:30-Sun 04:00", "America/New_York")
        #expect(
            spring.occurrence(containing: utc("2026-03-08T07:30")) == interval("2026-03-08T07:00", "2026-03-08T08:00"))
        #expect(spring.occurrence(containing: utc("2026-03-08T06:59")) == nil)
        // 01:30 on 2026-11-01 happens twice; the first is 01:30 EDT, 05:30 UTC; 03:00 is EST.
        let autumn = weekly("Sun 01:30-Sun 03:00", "America/New_York")
        #expect(
            autumn.occurrence(containing: utc("2026-11-01T05:30")) == interval("2026-11-01T05:30", "2026-11-01T08:00"))
        #expect(autumn.occurrence(containing: utc("2026-11-01T05:29")) == nil)
    }

    @Test func coversItsAccountItsIntegrationOrEverything() {
        func window(_ scope: MaintenanceWindow.Scope) -> MaintenanceWindow {
            MaintenanceWindow(
                id: 1, scope: scope, schedule: weekly("Sat 22:00-Sun 04:00"), reason: "r", createdAt: .now)
        }
        #expect(window(.all).covers(integrationID: 3, accountID: nil))
        #expect(window(.integration(3)).covers(integrationID: 3, accountID: "acc-1"))
        #expect(!window(.integration(3)).covers(integrationID: 4, accountID: "acc-1"))
        #expect(window(.account("acc-1")).covers(integrationID: 4, accountID: "acc-1"))
        #expect(!window(.account("acc-1")).covers(integrationID: 4, accountID: "acc-2"))
        #expect(!window(.account("acc-1")).covers(integrationID: 4, accountID: nil))
    }

    @Test func overlapsWhenScopesShareEventsAndTimesMeet() {
        let now = utc("2026-12-07T12:00")
        func window(_ id: Int64, _ scope: MaintenanceWindow.Scope, _ schedule: MaintenanceWindow.Schedule)
            -> MaintenanceWindow
        {
            MaintenanceWindow(id: id, scope: scope, schedule: schedule, reason: "r", createdAt: now)
        }
        let nightly = window(1, .all, weekly("Sat 22:00-Sun 04:00"))
        let patch = window(2, .integration(7), .once(interval("2026-12-13T03:00", "2026-12-13T05:00")))
        let later = window(3, .integration(7), .once(interval("2026-12-13T04:00", "2026-12-13T06:00")))
        let other = window(4, .integration(8), .once(interval("2026-12-13T04:00", "2026-12-13T06:00")))
        let touching = window(5, .account("acc-1"), weekly("Sun 04:00-Sun 05:00"))
        let london = window(6, .account("acc-1"), weekly("Sun 03:30-Sun 04:30", "Europe/London"))
        let farAhead = window(7, .all, .once(interval("2027-03-06T23:00", "2027-03-07T01:00")))
        #expect(nightly.overlaps(patch, after: now) && patch.overlaps(nightly, after: now))
        #expect(patch.overlaps(later, after: now))
        #expect(!later.overlaps(other, after: now))
        #expect(!nightly.overlaps(touching, after: now))
        #expect(touching.overlaps(london, after: now))
        #expect(!nightly.overlaps(nightly, after: now))
        // A one-off window months ahead is checked against every weekly occurrence until then.
        #expect(nightly.overlaps(farAhead, after: now))
        #expect(!window(8, .account("acc-1"), weekly("Mon 10:00-Mon 11:00")).overlaps(farAhead, after: now))
    }
}
