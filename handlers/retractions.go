package handlers

// Public pages keep retracted events visible, marked as retracted with the reason, under the
// history they were part of (the endorser page) or the table they no longer count in (the
// endorsements table); every item links to the report form. The JSON API is unchanged.

// maxRetractionsShown bounds a page's list of retracted records.
const maxRetractionsShown = 200
