import SwitchyardModel

/// One request of a traffic log, with the category a person gave it (when known).
struct TrafficLine: Sendable {
    var request: ChatRequest
    var label: String?
}

/// Built-in traffic: seed 000's scenario of 1,000 requests — 600 simple, 300 general, 70
/// reasoning, 30 code — each with a system prompt of about 450 tokens, a question, and 200
/// output tokens. Deterministic: the same lines in the same order every time.
enum ReplayScenario {
    static func seed000() -> [TrafficLine] {
        let counts = [("simple", 600), ("general", 300), ("reasoning", 70), ("code", 30)]
        var lines: [TrafficLine] = []
        for (category, count) in counts {
            let questions = templates[category] ?? []
            for index in 0..<count {
                let question = questions[index % questions.count] + (index >= questions.count ? " (case \(index / questions.count + 1))" : "")
                let request = ChatRequest(
                    model: "auto", messages: [.text(.system, systemPrompt), .text(.user, question)], maxTokens: 200
                )
                lines.append(TrafficLine(request: request, label: category))
            }
        }
        // A fixed shuffle, so categories interleave as real traffic does.
        var state: UInt64 = 0x5EED_0000
        for index in stride(from: lines.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            lines.swapAt(index, Int((state >> 33) % UInt64(index + 1)))
        }
        return lines
    }

    /// A customer-support assistant's instructions: about 450 tokens.
    static let systemPrompt: String = {
        let guidance = """
            You are the assistant of Northwind Outfitters, an online shop for outdoor equipment. Answer \
            customers politely and precisely. Use the order, shipping and returns policies below. Never \
            invent order numbers, prices or delivery dates; when you do not know, say so and offer to hand \
            the conversation to a person. Keep answers short unless the customer asks for detail. Orders \
            ship within two working days; returns are accepted for thirty days in original condition; \
            refunds reach the original payment method within ten days of the return arriving.
            """
        return Array(repeating: guidance, count: 4).joined(separator: "\n\n")
    }()

    static let templates: [String: [String]] = [
        "simple": [
            "What's the weather like in Denver today?", "What time zone is Tokyo in?", "How many ounces are in a pound?",
            "What is the capital of Peru?", "Do you ship to Canada?", "What are your opening hours?", "Convert 5 miles to kilometres.",
            "Is the trail tent waterproof?", "Who founded Northwind?", "What does RSVP stand for?", "How tall is Mount Rainier?",
            "Can I pay with PayPal?", "What's 15% of 80?", "Is today a public holiday in France?", "Where is my nearest store?",
        ],
        "general": [
            "Write a short email to a customer whose parcel arrived damaged, offering a replacement.",
            "Summarise our returns policy in three friendly sentences for the website footer.",
            "Explain how to choose a sleeping bag for a spring camping trip in the Alps.",
            "Draft a product description for a lightweight 40-litre hiking backpack.",
            "Describe the difference between down and synthetic insulation for a customer newsletter.",
            "Write a polite reply to a customer asking why their refund takes ten days.",
            "Outline a checklist for a first overnight hike, grouped by category.",
            "Rewrite this announcement so it sounds warmer: our Denver store closes early on Friday.",
        ],
        "reasoning": [
            "Prove that the sum of the first n odd numbers is n squared.",
            "Step by step, work out how many tents of 3 and 4 places house 23 scouts with no empty place, and show every solution.",
            "A shipment leaves at 9:00 at 60 km/h and a second at 10:30 at 90 km/h on the same road; analyze when and where the second catches up.",
            "Why does a heavier backpack tire you more on descents than on flat ground? Reason about the forces involved.",
            "Evaluate the trade-off between free shipping above $50 and a flat $5 fee for our average order of $42.",
        ],
        "code": [
            "Fix this function:\n```python\ndef total(items):\n    return sum(i.price for i in items if i.qty > 0\n```",
            "Write a SQL query that lists customers with more than three returns this year (GROUP BY customer).",
            "Why does this JavaScript print undefined? ```js\nconst order = fetchOrder(); console.log(order.id)\n```",
        ],
    ]
}
